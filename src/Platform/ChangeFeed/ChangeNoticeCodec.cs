using System.Text.Json;
using System.Text.Json.Serialization;

namespace Selegic.Extensions.Platform.ChangeFeed;

/// <summary>The wire form of a <see cref="ChangeNotice"/> on the PostgreSQL channel (compact JSON, well under NOTIFY's 8000 bytes).</summary>
public static class ChangeNoticeCodec
{
    public const string Channel = "scrm_changes";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Encode(ChangeNotice notice) => JsonSerializer.Serialize(notice, Json);

    /// <summary>Null for a payload this build does not understand (another version's notice): the caller resyncs.</summary>
    public static ChangeNotice? TryDecode(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ChangeNotice>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
