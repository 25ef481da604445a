namespace Selegic.Extensions.Platform.Storage;

/// <summary>One forward-only schema step. Versions are applied in order and recorded in schema_migrations.</summary>
public sealed record Migration(int Version, string Name, string Sql);
