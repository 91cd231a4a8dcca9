using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Jobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Validation;

public static class ValidationRegistration
{
    /// <summary>The validation lane of the job queue and the isolated ONNX validator its handler runs.</summary>
    public static IServiceCollection AddValidationQueue(this IServiceCollection services)
    {
        services.AddOptions<OnnxValidatorOptions>().BindConfiguration(OnnxValidatorOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ValidationQueueOptions>().BindConfiguration(ValidationQueueOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OnnxValidator>();
        services.AddSingleton<ValidationStarter>();
        services.AddSingleton<IValidationStart>(sp => sp.GetRequiredService<ValidationStarter>());
        services.AddScoped<VersionValidator>();
        services.AddScoped<IJobHandler>(sp => sp.GetRequiredService<VersionValidator>());
        services.AddScoped<BlobInspection>();
        services.AddScoped<IVersionCheck, ValidationRequestCheck>();
        services.AddSingleton(sp =>
        {
            var queue = sp.GetRequiredService<IOptions<ValidationQueueOptions>>().Value;
            var limits = sp.GetRequiredService<IOptions<OnnxValidatorOptions>>().Value;
            var validator = sp.GetRequiredService<OnnxValidator>();
            // The lease outlasts the validator's own timeout, so a running validation is never claimed twice.
            return new JobLane("validation", [JobKinds.Validation], queue.Enabled, queue.Parallelism,
                limits.Timeout + TimeSpan.FromMinutes(2), validator.KeepWarm, queue.PerOwner);
        });
        return services;
    }
}
