using System.Globalization;

namespace StaticServe.LoadTests.Reporting;

/// <summary>Owns the live progress output: a rewritten line on a terminal, a periodic line in CI logs.</summary>
internal sealed class ProgressLine
{
    /// <summary>1 s on a terminal (live), 5 s when redirected (a CI log gets a few lines per profile, not hundreds).</summary>
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly bool _interactive = !Console.IsOutputRedirected;
    private bool _lineOpen;

    public TimeSpan Interval => _interactive ? TerminalInterval : LogInterval;

    public void Report(string profile, string phase, TimeSpan elapsed, TimeSpan duration, long requests, long failures)
    {
        var rate = elapsed.TotalSeconds > 0 ? requests / elapsed.TotalSeconds : 0;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"  [{profile} {phase}] {elapsed.TotalSeconds,5:F1}/{duration.TotalSeconds:F0} s  {requests,9:N0} req  {rate,9:N0} req/s  {failures:N0} failed");
        if (_interactive)
        {
            Console.Write("\r" + text.PadRight(Console.IsOutputRedirected ? 0 : Math.Max(0, Console.WindowWidth - 1)));
            _lineOpen = true;
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    public void Complete()
    {
        if (_lineOpen)
        {
            Console.Write("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
            _lineOpen = false;
        }
    }
}
