using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Server.Jobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

public static class EvaluationRegistration
{
    /// <summary>
    /// Evaluations of model versions on dataset tables: started and read through the API, run by the job queue's evaluations
    /// lane (a lane of its own, so a long evaluation never holds up a validation or a table) in the isolated worker.
    /// </summary>
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EvaluationProcess>();
        services.AddScoped<EvaluationService>();
        services.AddScoped<SuspectService>();
        services.AddScoped<EvaluationImages>();
        services.AddSingleton<EvaluationMetrics>();
        services.AddScoped<EvaluationGate>();
        services.AddScoped<IVersionCheck, GateCheck>();
        services.AddScoped<IJobHandler, EvaluationRunner>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<EvaluationOptions>>().Value;
            return new JobLane("evaluations", [JobKinds.Evaluation], settings.Enabled, settings.Parallelism,
                settings.Timeout + TimeSpan.FromMinutes(2));
        });
        return services;
    }
}
