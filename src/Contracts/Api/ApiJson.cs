using System.Text.Json;
using System.Text.Json.Serialization;

namespace Selegic.Extensions.Contracts.Api;

/// <summary>The JSON conventions of the REST API: camelCase members, nulls written, enums as strings.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Field names of the multipart publish request (<c>POST .../extensions/{slug}/versions</c>).</summary>
public static class PublishForm
{
    /// <summary>The .tar.gz file.</summary>
    public const string Bundle = "bundle";
    /// <summary>Declared checksum: <c>sha256:&lt;hex&gt;</c> or bare hex.</summary>
    public const string Sha256 = "sha256";
    /// <summary>Optional signature text (see <c>Signing.BundleSignature</c>).</summary>
    public const string Signature = "signature";
}
