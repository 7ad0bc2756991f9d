using ZkmlGpu.Cli;

namespace ZkmlGpu.Cli.Tests;

/// <summary>Runs `zkml-gpu` commands in process with redirected console streams.</summary>
internal static class ConsoleRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int exit = CommandLineApp.Build().Parse(args).Invoke();
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    public static void AssertCleanError((int Exit, string Out, string Err) r, string expectedFragment)
    {
        Assert.NotEqual(0, r.Exit);
        Assert.Contains(expectedFragment, r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.DoesNotContain("Exception", r.Err);
        Assert.Equal("", r.Out);
    }
}
