using System.ComponentModel.DataAnnotations;

namespace ModelHub.Server.Evaluations;

/// <summary>How this server runs evaluations (<c>ModelHub:Evaluations</c>). The worker's limits default to validation's.</summary>
public sealed class EvaluationOptions
{
    public const string Section = "ModelHub:Evaluations";

    /// <summary>Whether this server runs evaluation jobs (a replica may leave them to others).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Evaluations run at once (each in its own worker process).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 1;

    /// <summary>Wall-clock limit of one evaluation; the worker process is killed after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Resident memory the worker process may use; it is killed above it.</summary>
    [Range(128, 1_048_576)]
    public int MemoryCapMegabytes { get; set; } = 2048;

    /// <summary>DuckDB's memory limit in the worker, in MiB (it spills to disk beyond).</summary>
    [Range(16, 1_048_576)]
    public int EngineMemoryMegabytes { get; set; } = 128;

    /// <summary>Suspected labels kept per evaluation (the most implausible); the count covers them all.</summary>
    [Range(1, 1_000_000)]
    public int MaxSuspects { get; set; } = 10_000;

    /// <summary>Images fetched at once from a remote store (S3) into an evaluation's scratch folder.</summary>
    [Range(1, 256)]
    public int ImageFetchConcurrency { get; set; } = 8;

    /// <summary>
    /// The CPU priority of evaluation workers. <c>idle</c> (the default): they run only on CPU time nothing else wants (Linux
    /// SCHED_IDLE, through util-linux's <c>chrt</c>), so requests keep their latency while an evaluation runs, and under a
    /// load that takes every core an evaluation waits. <c>low</c>: nice 10, a small share even then. <c>normal</c>: as
    /// the server. Where SCHED_IDLE is not available, <c>idle</c> runs as <c>low</c>.
    /// </summary>
    [RegularExpression("^(idle|low|normal)$")]
    public string WorkerPriority { get; set; } = Priorities.Idle;

    public static class Priorities
    {
        public const string Idle = "idle", Low = "low", Normal = "normal";
    }

    /// <summary>Keep one worker started ahead of need once an evaluation has run (saves the start of ONNX Runtime and DuckDB).</summary>
    public bool KeepWorkerWarm { get; set; } = true;

    /// <summary>The worker assembly; found next to the running application when empty.</summary>
    public string? WorkerPath { get; set; }
}
