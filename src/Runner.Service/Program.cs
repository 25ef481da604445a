using Microsoft.Extensions.Options;
using Selegic.Extensions.Runner.Service.Hosting;

WebApplication app;
try
{
    app = RunnerServiceHost.Build(args);
}
catch (OptionsValidationException invalid)
{
    Console.Error.WriteLine("Invalid configuration:");
    foreach (var failure in invalid.Failures) Console.Error.WriteLine($"  - {failure}");
    return 2;
}
await app.RunAsync();
return 0;
