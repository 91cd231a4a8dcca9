using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Datasets;
using ModelHub.Server.Jobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

public static class DatasetRegistration
{
    /// <summary>
    /// Dataset tables: planned with each new dataset version, indexed and thumbnailed by the job queue's datasets lane in
    /// the isolated worker, read in this process through a bounded local cache, edited by commits, compared.
    /// </summary>
    public static IServiceCollection AddDatasets(this IServiceCollection services)
    {
        services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DatasetWorker>();
        services.AddSingleton<TableCache>();
        services.AddSingleton<TableLookups>();
        // Rows and counts are read in this process from the cache's folder only, through one long-lived DuckDB.
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<DatasetOptions>>().Value;
            // One thread: a page reads one row group, and DuckDB's buffers per thread are what the server's RSS is made of.
            return new TableReader(sp.GetRequiredService<TableCache>().Root, new TableEngineOptions
            {
                MemoryLimitMb = settings.ServerEngineMemoryMegabytes,
                Threads = 1,
                ScratchDirectory = settings.CacheDirectory is null ? null : Path.Combine(settings.CacheDirectory, "engine"),
            });
        });
        services.AddScoped<DerivedBlobs>();
        services.AddScoped<DatasetTables>();
        services.AddScoped<DatasetThumbnails>();
        services.AddScoped<DatasetHistory>();
        services.AddScoped<CommitService>();
        services.AddScoped<CompareService>();
        services.AddScoped<IVersionPreparer, TablePlanner>();
        services.AddScoped<IJobHandler, TableIndexer>();
        services.AddScoped<IJobHandler, ThumbnailMaker>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<DatasetOptions>>().Value;
            return new JobLane("datasets", [JobKinds.TableIndex, JobKinds.Thumbnails], settings.Enabled, settings.Parallelism,
                settings.WorkerTimeout + TimeSpan.FromMinutes(2));
        });
        return services;
    }
}
