namespace Selegic.Extensions.Platform.Storage;

public static class MetadataStoreFactory
{
    /// <summary>Creates the configured backend (not yet migrated: call MigrateAsync at start-up).</summary>
    public static IMetadataStore Create(MetadataStoreOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration, string.Join(" ", problems));
        try
        {
            return options.Provider == MetadataStoreProvider.Postgres
                ? new PostgresMetadataStore(options.PostgresConnectionString)
                : new SqliteMetadataStore(options.SqlitePath);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new PlatformException(PlatformErrorCodes.InvalidConfiguration,
                $"The {options.Provider} metadata store settings are unusable: {e.Message}", e);
        }
    }
}
