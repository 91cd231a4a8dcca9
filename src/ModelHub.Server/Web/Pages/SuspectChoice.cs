namespace ModelHub.Server.Web.Pages;

/// <summary>What a writer chose for one suspected row: accept the suggestion, edit it to <see cref="Label"/>, or skip it.</summary>
public sealed record SuspectChoice(long RowIndex, string? Choice = null, string? Label = null)
{
    public const string Accept = "accept";
    public const string Edit = "edit";
    public const string Skip = "skip";
}
