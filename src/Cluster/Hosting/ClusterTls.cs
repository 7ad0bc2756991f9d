using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>
/// TLS between the silos and clients of a cluster (Orleans' connection security): every member presents the
/// cluster's certificate and accepts a peer only if it presents the same one (same thumbprint), so a self-signed
/// certificate shared by the cluster's machines is enough and nothing else can join or call in.
/// </summary>
public static class ClusterTls
{
    /// <summary>A PKCS#12 file (.pfx) with its private key; <paramref name="password"/> may be null.</summary>
    public static X509Certificate2 Load(string path, string? password) => X509CertificateLoader.LoadPkcs12FromFile(path, password);

    internal static void Configure(TlsOptions o, X509Certificate2 certificate)
    {
        string thumbprint = certificate.Thumbprint;
        o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        o.RemoteCertificateValidation = (remote, _, _) => remote is not null && remote.Thumbprint == thumbprint;
    }
}
