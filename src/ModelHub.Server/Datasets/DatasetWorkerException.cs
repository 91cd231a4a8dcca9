namespace ModelHub.Server.Datasets;

/// <summary>The datasets worker crashed or was stopped at a limit; the message says which, for people.</summary>
public sealed class DatasetWorkerException(string message) : Exception(message);
