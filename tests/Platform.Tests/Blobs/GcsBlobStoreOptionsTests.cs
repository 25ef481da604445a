using Selegic.Extensions.Platform.Blobs;

namespace Selegic.Extensions.Platform.Tests.Blobs;

public sealed class GcsBlobStoreOptionsTests
{
    [Theory]
    [InlineData("localhost:4443", null, "http://localhost:4443/storage/v1/")]
    [InlineData("http://gcs:4443/", null, "http://gcs:4443/storage/v1/")]
    [InlineData(null, null, null)]
    [InlineData(null, "https://private.example/storage/v1", "https://private.example/storage/v1/")]
    [InlineData("emu:1", "https://ignored.example/storage/v1/", "http://emu:1/storage/v1/")]
    public void The_base_uri_is_the_emulator_under_storage_v1_when_set_else_the_endpoint_else_the_client_default(
        string? emulator, string? endpoint, string? expected) =>
        Assert.Equal(expected, new GcsBlobStoreOptions { Bucket = "b", EmulatorHost = emulator, Endpoint = endpoint }.BaseUri);

    [Fact]
    public void Options_are_read_from_the_documented_environment_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["EXTENSION_GCS_BUCKET"] = "bucket-1",
            ["EXTENSION_GCS_PROJECT_ID"] = "project-1",
            ["EXTENSION_GCS_KEY_FILE"] = "/secrets/key.json",
            ["GCS_EMULATOR_HOST"] = "localhost:4443",
        };

        var options = GcsBlobStoreOptions.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.Equal(("bucket-1", "project-1", "/secrets/key.json", "localhost:4443"),
            (options.Bucket, options.ProjectId, options.KeyFile, options.EmulatorHost));
        Assert.Empty(options.Validate()); // the emulator needs no key file to exist
    }
}
