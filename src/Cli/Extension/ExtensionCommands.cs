using System.CommandLine;

namespace Selegic.Extensions.Cli.Extension;

/// <summary>`scrm extension ...`: pack, publish, list versions, sign.</summary>
public static class ExtensionCommands
{
    public static Command Create()
    {
        var extension = new Command("extension", "Pack, validate, sign and publish extension bundles");
        return extension;
    }
}
