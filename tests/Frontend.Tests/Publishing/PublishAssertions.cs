using System.Net;
using Selegic.Extensions.Contracts.Api;
using Selegic.Extensions.Frontend.Tests.Infrastructure;

namespace Selegic.Extensions.Frontend.Tests.Publishing;

/// <summary>What a refused publish must leave behind: the problem, an audit record, and nothing else.</summary>
public static class PublishAssertions
{
    public static async Task AssertRefusedAsync(this RunningServer server, HttpResponseMessage response, string tenant, string key,
        string slug, byte[]? bundle, HttpStatusCode status, string code)
    {
        await response.AssertProblemAsync(status, code);
        using var client = server.WithKey(key);

        // No version row, and no extension made visible by the attempt.
        using (var versions = await client.GetAsync(Api.VersionsRoute(tenant, slug)))
            Assert.Equal(HttpStatusCode.NotFound, versions.StatusCode);
        using (var extensions = await client.GetAsync(Api.TenantRoute(tenant, "/extensions")))
            Assert.DoesNotContain((await extensions.ReadAsync<ListResponse<ExtensionSummary>>()).Items, e => e.Slug == slug);

        // No blob stored for the refused bytes.
        if (bundle is not null)
        {
            var hex = TestBundles.Sha256(bundle)["sha256:".Length..];
            Assert.DoesNotContain(server.BlobFiles(), file => file.Contains(hex, StringComparison.Ordinal));
        }

        // The refusal is audited with its code.
        using var audit = await client.GetAsync(Api.TenantRoute(tenant, "/audit"));
        var records = (await audit.ReadAsync<ListResponse<AuditRecordDto>>()).Items;
        Assert.Contains(records, r => r.Action == AuditActions.Publish && r.Outcome == AuditOutcomes.Failure && r.ErrorCode == code);
    }
}
