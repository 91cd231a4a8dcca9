namespace ModelHub.Server.Channels;

public static class ChannelRegistration
{
    /// <summary>Channel moves and rollbacks, with their history.</summary>
    public static IServiceCollection AddChannels(this IServiceCollection services) => services.AddScoped<ChannelMover>();
}
