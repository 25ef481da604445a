using Selegic.Extensions.Frontend.Hosting;

return await ExtensionsServer.RunAsync(args);
