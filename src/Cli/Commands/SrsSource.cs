using System.CommandLine;
using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// The SRS a model command proves or verifies with: the file given by --srs (a snarkjs .ptau, or this project's SRS
/// format) or, without one, the INSECURE development SRS (τ from seed <see cref="DevelopmentSeed"/>), announced with
/// <see cref="SrsWarning"/>'s line. Its digest is known before k is (the key cache is keyed by it); <see cref="Load"/>
/// then reads the 2^k powers a circuit needs.
/// </summary>
internal sealed class SrsSource
{
    public const ulong DevelopmentSeed = 1;

    private readonly FileInfo? _file;
    private Srs? _loaded;

    public static Option<FileInfo?> Option() => new("--srs")
    {
        Description = "The SRS: a snarkjs .ptau file, or this project's SRS file. Default: an INSECURE development SRS (proofs are forgeable).",
    };

    public SrsSource(FileInfo? file)
    {
        _file = file;
        Srs head;
        if (file is null) head = Srs.CreateInsecureDevelopmentSrs(2, DevelopmentSeed);
        else
        {
            ModelCli.Exists(file);
            // A .ptau is read in part (its first powers name it); this project's format is checksummed as a whole.
            head = IsPtau ? Srs.ReadPtau(file.FullName, maxSize: 2) : _loaded = Srs.Load(file.FullName);
        }
        Digest = head.Digest;
        IsInsecureDevelopment = head.IsInsecureDevelopment;
        SrsWarning.WarnIfInsecure(head);
    }

    private bool IsPtau => _file!.Extension.Equals(".ptau", StringComparison.OrdinalIgnoreCase);

    public SrsDigest Digest { get; }

    public bool IsInsecureDevelopment { get; }

    /// <summary>How JSON output names the SRS: "insecure-development", or the digest of a real one.</summary>
    public string Label => IsInsecureDevelopment ? "insecure-development" : Digest.Hex;

    /// <summary>An SRS with at least 2^k powers; a file with fewer is a one-line error naming both sizes.</summary>
    public Srs Load(int k)
    {
        int n = 1 << k;
        if (_file is null) return Srs.CreateInsecureDevelopmentSrs(n, DevelopmentSeed);
        Srs srs;
        if (IsPtau)
        {
            try { srs = Srs.ReadPtau(_file.FullName, maxSize: n); }
            catch (ArgumentOutOfRangeException e)
            {
                string holds = e.Message.Split(" (Parameter", 2)[0].Split(';')[0].TrimEnd('.');
                throw new UsageException($"SRS '{_file.Name}' is too small: the circuit has k = {k} and needs 2^{k} = {n} G1 powers; {holds.ToLowerInvariant()}");
            }
        }
        else srs = _loaded!;
        if (srs.Size < n)
            throw new UsageException($"SRS '{_file.Name}' is too small: the circuit has k = {k} and needs 2^{k} = {n} G1 powers; the file holds {srs.Size}");
        if (srs.Digest != Digest) throw new UsageException($"SRS '{_file.Name}' changed while it was being read");
        return srs;
    }
}
