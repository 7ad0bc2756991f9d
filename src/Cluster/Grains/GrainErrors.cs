namespace ZkmlGpu.Cluster.Grains;

/// <summary>
/// Work behind a grain call, on the thread pool rather than the grain's scheduler. Orleans sends back only exception
/// types it has codecs for: .NET's own pass unchanged (OutOfMemoryException still tells the scheduler that memory ran
/// short); ZkmlGpu's (a model format error, a chunk that failed on every device) travel as an InvalidOperationException
/// with their message on one line, instead of arriving as "no codec for type …".
/// </summary>
internal static class GrainErrors
{
    public static async Task<T> Run<T>(Func<Task<T>> work)
    {
        try { return await Task.Run(work).ConfigureAwait(false); }
        catch (Exception e) when (e.GetType().Assembly != typeof(object).Assembly)
        {
            throw new InvalidOperationException(e.Message.ReplaceLineEndings(" ").Trim());
        }
    }

    public static Task Run(Action work) => Run<bool>(() => { work(); return Task.FromResult(true); });
}
