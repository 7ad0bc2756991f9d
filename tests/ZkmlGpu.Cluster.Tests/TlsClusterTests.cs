using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Cluster.Worker;
using ZkmlGpu.Gpu;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>A cluster on TLS: members sharing the certificate form it; a client with another certificate is kept out.</summary>
public sealed class TlsClusterTests
{
    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    [Fact]
    public async Task MembersWithTheClusterCertificateJoinAndOthersAreRefused()
    {
        using var cert = SelfSigned("zkml-gpu cluster");
        using var other = SelfSigned("someone else");
        var conn = ClusterConnection.Localhost(FreePorts.NextPair(), $"test-{Guid.NewGuid():N}");
        var limit = TimeSpan.FromSeconds(60);
        using var coordinator = await ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = conn, Certificate = cert }).WaitAsync(limit);
        using var node = new WorkerNode([ChunkWorker.For(DeviceSpec.Cpu, 1L << 30)], TestModel.Load, TestModel.SrsFor, TestModel.SrsDigest);
        using var worker = await ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = conn, Worker = node, Certificate = cert }).WaitAsync(limit);

        var joined = await ClusterWorkers.WaitForAsync(ClusterSilo.Grains(coordinator), 1, TimeSpan.FromSeconds(30));
        Assert.Equal(ClusterSilo.EndpointOf(worker), Assert.Single(joined).Endpoint);

        using (var client = await ClusterClientHost.StartAsync(conn, cert).WaitAsync(limit))
            Assert.Single(await ClusterWorkers.ListAsync(client.Grains()).WaitAsync(limit));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var stranger = await ClusterClientHost.StartAsync(conn, other).WaitAsync(TimeSpan.FromSeconds(10));
            await ClusterWorkers.ListAsync(stranger.Grains()).WaitAsync(TimeSpan.FromSeconds(10));
        });

        await worker.StopAsync(TimeSpan.FromSeconds(10));
        await coordinator.StopAsync(TimeSpan.FromSeconds(10));
    }
}
