namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// Secrets never live in appsettings.json: they come from environment variables (<c>Outbox__Smtp__Password</c>) or
/// from a folder with one file per key (<c>Secrets:Folder</c>, e.g. <c>/run/secrets</c> for Docker or Kubernetes
/// secrets), the file name being the key with <c>__</c> for <c>:</c> and its content the value.
/// </summary>
public static class SecuritySecrets
{
    public const string FolderKey = "Secrets:Folder";

    /// <summary>Adds the secrets folder last, so a secret file wins over appsettings.json, environment and arguments.</summary>
    public static IConfigurationBuilder AddSecretsFolder(this IConfigurationBuilder builder, IConfiguration current)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(current);
        if (current[FolderKey] is not { Length: > 0 } folder)
        {
            return builder;
        }

        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            // A missing folder would silently start the service without its passwords.
            throw new Microsoft.Extensions.Options.OptionsValidationException("Secrets", typeof(string), [$"{FolderKey}: folder '{full}' does not exist"]);
        }

        return builder.AddKeyPerFile(full, optional: false);
    }
}
