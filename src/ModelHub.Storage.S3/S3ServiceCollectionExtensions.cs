using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Minio;
using ModelHub.Core.Storage;

namespace ModelHub.Storage.S3;

public static class S3ServiceCollectionExtensions
{
    public const string HttpClientName = "ModelHub.S3";

    /// <summary>Registers <see cref="S3BlobStore"/> as the blob store, configured from <see cref="S3StorageOptions.Section"/>.</summary>
    public static IServiceCollection AddS3BlobStore(this IServiceCollection services)
    {
        services.AddOptions<S3StorageOptions>().BindConfiguration(S3StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.None,
            });
        services.AddSingleton<IMinioClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<S3StorageOptions>>().Value;
            var endpoint = new Uri(options.Endpoint);
            return new MinioClient()
                .WithEndpoint(endpoint.Host, endpoint.Port)
                .WithCredentials(options.AccessKey, options.SecretKey)
                .WithRegion(options.Region)
                .WithSSL(endpoint.Scheme == Uri.UriSchemeHttps)
                .Build();
        });
        services.AddSingleton<IBlobStore, S3BlobStore>();
        return services;
    }
}
