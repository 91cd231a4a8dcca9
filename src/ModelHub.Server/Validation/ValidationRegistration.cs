using ModelHub.Onnx.Validation;

namespace ModelHub.Server.Validation;

public static class ValidationRegistration
{
    /// <summary>The validation queue's workers and the isolated ONNX validator they run.</summary>
    public static IServiceCollection AddValidationQueue(this IServiceCollection services)
    {
        services.AddOptions<OnnxValidatorOptions>().BindConfiguration(OnnxValidatorOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ValidationQueueOptions>().BindConfiguration(ValidationQueueOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OnnxValidator>();
        services.AddSingleton<ValidationSignal>();
        services.AddScoped<VersionValidator>();
        services.AddHostedService<ValidationService>();
        return services;
    }
}
