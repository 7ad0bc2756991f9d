using ZkmlGpu.Cluster.Coordinator;

namespace ZkmlGpu.Cluster.Tests;

public class ClusterRetryTests
{
    /// <summary>Orleans makes this exception itself (its constructors are not public).</summary>
    private static OrleansMessageRejectionException Rejected(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(typeof(OrleansMessageRejectionException),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, null, [message], null)!;

    [Fact]
    public async Task AMessageThatCouldNotBeSentIsSentAgain()
    {
        int calls = 0;
        int result = await ClusterRetry.UntilSentAsync(() =>
        {
            if (++calls < 3) throw Rejected("Unable to connect to S127.0.0.1:1:1");
            return Task.FromResult(42);
        }, CancellationToken.None);
        Assert.Equal((42, 3), (result, calls));
    }

    [Fact]
    public async Task AFailureOfTheCallItselfIsNotRepeated()
    {
        int calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterRetry.UntilSentAsync(() =>
        {
            calls++;
            throw new InvalidOperationException("chunk rejected");
        }, CancellationToken.None));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task CancellationStopsTheRetries()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClusterRetry.UntilSentAsync(
            () => Task.FromException(Rejected("unreachable")), cancel.Token));
    }
}
