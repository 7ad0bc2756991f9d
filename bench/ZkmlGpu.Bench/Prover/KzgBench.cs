using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Bench.Prover;

/// <summary>KZG on the CPU backend with an (insecure) development SRS: commit and open a full-degree polynomial, verify.</summary>
[MemoryDiagnoser]
public class KzgBench
{
    [Params(12, 16)]
    public int LogSize { get; set; }

    private IComputeDevice device = null!;
    private KzgCommitter committer = null!;
    private Fr[] poly = null!;
    private Fr z;
    private G1Affine commitment;
    private KzgOpening opening;

    [GlobalSetup]
    public void Setup()
    {
        int n = 1 << LogSize;
        device = ComputeDevices.Open(DeviceSpec.Cpu);
        committer = new KzgCommitter(Srs.CreateInsecureDevelopmentSrs(n, seed: 1), device);
        poly = BenchmarkInputs.RandomScalars(n, seed: 2);
        z = Fr.FromUInt64(0x1234567);
        commitment = committer.Commit(poly);
        opening = committer.Open(poly, z);
        if (!KzgVerifier.Verify(committer.VerifierKey, commitment, z, opening)) throw new InvalidOperationException("KZG self-check failed.");
    }

    [Benchmark]
    public G1Affine Commit() => committer.Commit(poly);

    [Benchmark]
    public KzgOpening Open() => committer.Open(poly, z);

    [Benchmark]
    public bool Verify() => KzgVerifier.Verify(committer.VerifierKey, commitment, z, opening);

    [GlobalCleanup]
    public void Cleanup()
    {
        committer.Dispose();
        device.Dispose();
    }
}

/// <summary>Loading SRSs: the 2^12 snarkjs .ptau test file, the same SRS in this project's format, and building a development SRS.</summary>
[MemoryDiagnoser]
public class KzgSrsLoadBench
{
    private string ptauPath = null!;
    private byte[] ownFormat = null!;

    [GlobalSetup]
    public void Setup()
    {
        ptauPath = FindTestData("pot12_final.ptau");
        using var ms = new MemoryStream();
        Srs.ReadPtau(ptauPath).Write(ms);
        ownFormat = ms.ToArray();
    }

    [Benchmark]
    public Srs ReadPtau4096() => Srs.ReadPtau(ptauPath);

    [Benchmark]
    public Srs ReadOwnFormat4096() => Srs.Read(new MemoryStream(ownFormat, writable: false));

    [Benchmark]
    public Srs CreateDevelopmentSrs65536() => Srs.CreateInsecureDevelopmentSrs(1 << 16, seed: 1);

    private static string FindTestData(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"tests/data/{name} not found above {AppContext.BaseDirectory}.");
    }
}
