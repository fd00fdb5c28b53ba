using System.Globalization;
using Microsoft.Extensions.FileProviders;

namespace StaticServe.Peers.UseStaticFilesPeer;

/// <summary>Entry point of the reference server: stock ASP.NET Core <c>UseStaticFiles</c> with default options.</summary>
internal static class Program
{
    /// <summary>The same Cache-Control staticserve sends (public, one day; HTML revalidates).</summary>
    private const string AssetCacheControl = "public, max-age=86400";
    private const string HtmlCacheControl = "no-cache";

    public static void Main(string[] args)
    {
        var options = PeerArguments.Parse(args);

        // No args to the builder: our flags are not configuration keys.
        var builder = WebApplication.CreateBuilder();

        // Warning, as staticserve runs in run.sh: the default Information level logs two lines per
        // request through the console, which would measure the console, not the file server.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}");

        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(options.Root),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? HtmlCacheControl : AssetCacheControl,
        });

        // After the static files: a file request never reaches this branch, so it costs them nothing.
        app.Map("/__alloc", branch => branch.Run(context =>
            context.Response.WriteAsync(GC.GetTotalAllocatedBytes(true).ToString(CultureInfo.InvariantCulture))));

        app.Start();
        Console.WriteLine($"UseStaticFilesPeer serving {options.Root} on http://{options.Host}:{options.Port}");
        app.WaitForShutdown();
    }
}
