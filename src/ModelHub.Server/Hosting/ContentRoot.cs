namespace ModelHub.Server.Hosting;

/// <summary>
/// Where the server finds its <c>appsettings*.json</c> and catalog assets: its own folder, whatever the working directory
/// (a service unit, a container with another workdir, <c>dotnet /opt/modelhub/ModelHub.Server.dll</c>). ASP.NET Core's
/// default is the working directory, from which a server started elsewhere silently runs without its configuration.
/// </summary>
public static class ContentRoot
{
    /// <summary>
    /// The server's folder, or null when a content root was given (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>,
    /// <c>DOTNET_CONTENTROOT</c>; the test host passes one) and the host should take that.
    /// </summary>
    public static string? For(string[] args)
    {
        var given = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        return string.IsNullOrEmpty(given) ? AppContext.BaseDirectory : null;
    }
}
