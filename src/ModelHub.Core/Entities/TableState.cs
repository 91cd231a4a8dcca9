namespace ModelHub.Core.Entities;

public enum TableState
{
    Pending = 0,
    Indexed = 1,
    Failed = 2,
}
