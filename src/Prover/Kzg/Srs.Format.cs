using System.Buffers.Binary;
using System.Security.Cryptography;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// This project's compact SRS file. Layout (version 1): magic "ZKMLSRS\0", version u32 LE, curve id u32 LE (1 =
/// BN254), G1 count u32 LE, flags u32 LE (bit 0: the insecure development SRS; other bits 0); G2 and τ·G2 (128 bytes
/// each, uncompressed EIP-197: x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 big-endian); the G1 powers (64 bytes each, uncompressed
/// EIP-196: x ‖ y big-endian); SHA-256 of everything before it. Loading checks the count against the stream's length
/// before allocating, then validates everything: canonical coordinates, every point on its curve, G2 in the subgroup,
/// the generators, the pairing check e(τ·G1, G2) = e(G1, τ·G2), the checksum and, by default, all powers.
/// </summary>
public sealed partial class Srs
{
    private static ReadOnlySpan<byte> Magic => "ZKMLSRS\0"u8;
    private const uint FormatVersion = 1, CurveBn254 = 1;
    private const int HeaderBytes = 24, G2Bytes = 128, G1Bytes = 64, HashBytes = 32;
    private const int MaxFileSize = 1 << Bn254Constants.FrTwoAdicity;
    private const int ChunkPoints = 1 << 12;
    private const uint FlagInsecureDevelopment = 1;

    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[HeaderBytes + 2 * G2Bytes];
        Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), CurveBn254);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(16), (uint)Size);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(20), IsInsecureDevelopment ? FlagInsecureDevelopment : 0u);
        G2.WriteUncompressed(head.AsSpan(HeaderBytes, G2Bytes));
        TauG2.WriteUncompressed(head.AsSpan(HeaderBytes + G2Bytes, G2Bytes));
        Emit(head);

        var buffer = new byte[Math.Min(Size, ChunkPoints) * G1Bytes];
        for (int start = 0; start < Size; start += ChunkPoints)
        {
            int count = Math.Min(ChunkPoints, Size - start);
            var chunk = buffer.AsSpan(0, count * G1Bytes);
            for (int i = 0; i < count; i++)
            {
                _g1Powers[start + i].WriteUncompressed(chunk.Slice(i * G1Bytes, G1Bytes));
            }
            Emit(chunk);
        }
        stream.Write(hash.GetHashAndReset());

        void Emit(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            stream.Write(bytes);
        }
    }

    /// <summary>Writes the SRS to a file (see <see cref="Write(Stream)"/>).</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        Write(file);
    }

    /// <summary>
    /// Reads and validates an SRS written by <see cref="Write(Stream)"/> (all powers too unless
    /// <paramref name="validateAllPowers"/> is false); malformed data throws <see cref="InvalidEncodingException"/>.
    /// </summary>
    public static Srs Read(Stream stream, bool validateAllPowers = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[HeaderBytes + 2 * G2Bytes];
        Fill(stream, head, "header");
        hash.AppendData(head);
        if (!head.AsSpan(0, 8).SequenceEqual(Magic)) throw new InvalidEncodingException("Not a ZkmlGpu SRS file: bad magic bytes.");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8));
        if (version != FormatVersion) throw new InvalidEncodingException($"Unsupported SRS file version {version} (expected {FormatVersion}).");
        uint curve = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12));
        if (curve != CurveBn254) throw new InvalidEncodingException($"Unsupported curve id {curve} in the SRS file (expected {CurveBn254}, BN254).");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(16));
        if (count < 1 || count > MaxFileSize) throw new InvalidEncodingException($"The SRS file claims {count} G1 powers; expected 1 to {MaxFileSize}.");
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(20));
        if ((flags & ~FlagInsecureDevelopment) != 0) throw new InvalidEncodingException($"The SRS file's header has unknown flags 0x{flags:x}.");
        // Never allocate for more points than the stream holds: a short file may claim 2^28 of them.
        long needed = (long)count * G1Bytes + HashBytes;
        if (stream.CanSeek && stream.Length - stream.Position < needed)
            throw new InvalidEncodingException($"Truncated SRS file: {count} G1 powers need {needed} more bytes, {stream.Length - stream.Position} remain.");
        var g2 = ReadG2(head.AsSpan(HeaderBytes, G2Bytes), "G2");
        var tauG2 = ReadG2(head.AsSpan(HeaderBytes + G2Bytes, G2Bytes), "τ·G2");

        // A stream of unknown length grows the array as data arrives, so memory follows the bytes actually present.
        var g1 = new G1Affine[stream.CanSeek ? (int)count : (int)Math.Min(count, ChunkPoints)];
        var buffer = new byte[Math.Min((int)count, ChunkPoints) * G1Bytes];
        for (int start = 0; start < count; start += ChunkPoints)
        {
            int n = Math.Min(ChunkPoints, (int)count - start);
            var chunk = buffer.AsMemory(0, n * G1Bytes);
            Fill(stream, chunk.Span, "G1 powers");
            hash.AppendData(chunk.Span);
            if (g1.Length < start + n) Array.Resize(ref g1, (int)Math.Min(count, 2L * g1.Length));
            int offset = start;
            var target = g1;
            SrsValidation.ParallelChunks(n, (from, to) =>
            {
                var bytes = chunk.Span;
                for (int i = from; i < to; i++) target[offset + i] = ReadG1(bytes.Slice(i * G1Bytes, G1Bytes), offset + i);
            });
        }

        Span<byte> stored = stackalloc byte[HashBytes];
        Fill(stream, stored, "checksum");
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored)) throw new InvalidEncodingException("The SRS file's SHA-256 checksum does not match its contents.");

        // With one power there is no τ·G1 in the file, so the G1/G2 agreement cannot be checked against it.
        if (count >= 2) SrsValidation.CheckConsistency(g1[0], g1[1], g2, tauG2, "The SRS file");
        else if (g1[0] != G1Affine.Generator || g2 != G2Affine.Generator) throw new InvalidEncodingException("The SRS file: its generators are not the standard ones.");
        var srs = new Srs(g1, g2, tauG2, (flags & FlagInsecureDevelopment) != 0);
        if (validateAllPowers) srs.ValidateAllPowers();
        return srs;
    }

    /// <summary>Reads an SRS file (see <see cref="Read(Stream, bool)"/>), rejecting trailing bytes.</summary>
    public static Srs Load(string path, bool validateAllPowers = true)
    {
        using var file = File.OpenRead(path);
        var srs = Read(file, validateAllPowers);
        if (file.Position != file.Length) throw new InvalidEncodingException($"The SRS file '{path}' has {file.Length - file.Position} trailing bytes.");
        return srs;
    }

    private static G2Affine ReadG2(ReadOnlySpan<byte> bytes, string name)
    {
        var p = G2Affine.FromUncompressed(bytes); // canonical, on the twist, in G2
        if (p.IsInfinity) throw new InvalidEncodingException($"The SRS file's {name} is the identity.");
        return p;
    }

    private static G1Affine ReadG1(ReadOnlySpan<byte> bytes, int index)
    {
        var p = G1Affine.FromUncompressed(bytes); // canonical and on the curve
        if (p.IsInfinity) throw new InvalidEncodingException($"G1 power {index} in the SRS file is the identity.");
        return p;
    }

    private static void Fill(Stream stream, Span<byte> buffer, string what)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException e) { throw new InvalidEncodingException($"Truncated SRS file while reading the {what}.", e); }
    }
}
