using Selegic.Extensions.Runner.Service.Hosting;

var app = RunnerServiceHost.Build(args);
await app.RunAsync();
