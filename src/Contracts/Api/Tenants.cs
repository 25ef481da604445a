namespace Selegic.Extensions.Contracts.Api;

/// <summary><c>POST /api/v1/tenants</c> body (platform admin key).</summary>
public sealed record CreateTenantRequest(string Slug);

/// <summary><c>201</c> answer to <see cref="CreateTenantRequest"/>; <see cref="ApiKey"/> is shown this once only.</summary>
public sealed record TenantCreatedResponse(string Slug, string ApiKey);

/// <summary>A tenant's settings (<c>GET|PUT /api/v1/tenants/{tenant}/settings</c>).</summary>
public sealed record TenantSettingsDto(bool RequireSignatures);
