using System.Buffers.Binary;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// Reads the KZG part of a snarkjs powers-of-tau (.ptau) file. Layout (snarkjs binfileutils / powersoftau_utils):
/// "ptau", version u32, section count u32, then sections (id u32, byte size u64, data). Section 1: n8 u32, the base
/// prime (n8 bytes LE), power u32, ceremonyPower u32. Section 2: τ^i·G1 for i &lt; 2·2^power − 1. Section 3: τ^i·G2
/// for i &lt; 2^power. Coordinates are n8-byte little-endian integers in Montgomery form with R = 2^256 mod q,
/// which is this library's Montgomery form; G1 points are x ‖ y, G2 points x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1.
/// </summary>
internal static class PtauReader
{
    private const int N8 = 32, G1Bytes = 2 * N8, G2Bytes = 4 * N8;
    private const int HeaderSection = 1, TauG1Section = 2, TauG2Section = 3;
    private const int MaxPower = Bn254Constants.FrTwoAdicity;
    private const int ChunkPoints = 1 << 12;

    public static (G1Affine[] G1Powers, G2Affine G2, G2Affine TauG2) Read(Stream stream, int? maxSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            // Sections may come in any order, so the reader needs random access.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        long origin = stream.Position, length = stream.Length - origin;

        Span<byte> head = stackalloc byte[12];
        ReadExactly(stream, head, "file header");
        if (!head[..4].SequenceEqual("ptau"u8)) throw new InvalidEncodingException("Not a .ptau file: the magic bytes are not \"ptau\".");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        if (version != 1) throw new InvalidEncodingException($"Unsupported .ptau version {version} (expected 1).");
        uint sectionCount = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);

        var sections = new Dictionary<uint, (long Offset, long Size)>();
        long pos = 12;
        Span<byte> sectionHead = stackalloc byte[12];
        for (uint s = 0; s < sectionCount; s++)
        {
            if (length - pos < 12) throw new InvalidEncodingException($"Truncated .ptau file: section table entry {s} of {sectionCount} is missing.");
            stream.Position = origin + pos;
            ReadExactly(stream, sectionHead, "section header");
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(sectionHead);
            ulong sectionSize = BinaryPrimitives.ReadUInt64LittleEndian(sectionHead[4..]);
            pos += 12;
            if (sectionSize > (ulong)(length - pos)) throw new InvalidEncodingException($"Truncated .ptau file: section {id} claims {sectionSize} bytes, {length - pos} remain.");
            if (id is HeaderSection or TauG1Section or TauG2Section && sections.ContainsKey(id))
                throw new InvalidEncodingException($"The .ptau file has section {id} twice.");
            sections.TryAdd(id, (pos, (long)sectionSize));
            pos += (long)sectionSize;
        }

        int power = ReadHeader(stream, origin, Section(sections, HeaderSection, "header"));

        long g1Available = (2L << power) - 1, g2Available = 1L << power;
        var g1Section = Section(sections, TauG1Section, "tauG1");
        var g2Section = Section(sections, TauG2Section, "tauG2");
        if (g1Section.Size != g1Available * G1Bytes)
            throw new InvalidEncodingException($"The tauG1 section has {g1Section.Size} bytes; power {power} needs {g1Available * G1Bytes}.");
        if (g2Section.Size != g2Available * G2Bytes)
            throw new InvalidEncodingException($"The tauG2 section has {g2Section.Size} bytes; power {power} needs {g2Available * G2Bytes}.");

        int size = maxSize ?? (int)Math.Min(g2Available, int.MaxValue);
        if (size < 1 || size > g1Available)
            throw new ArgumentOutOfRangeException(nameof(maxSize), $"The file holds {g1Available} G1 powers; asked for {size}.");

        // Read at least two powers: τ·G1 is needed for the pairing check even when only G1 is kept.
        int toRead = Math.Max(size, 2);
        var g1 = new G1Affine[toRead];
        var buffer = new byte[Math.Min(toRead, ChunkPoints) * G1Bytes]; // chunked: large files never need one huge buffer
        stream.Position = origin + g1Section.Offset;
        for (int start = 0; start < toRead; start += ChunkPoints)
        {
            int n = Math.Min(ChunkPoints, toRead - start), offset = start;
            ReadExactly(stream, buffer.AsSpan(0, n * G1Bytes), "tauG1 points");
            SrsValidation.ParallelChunks(n, (from, to) =>
            {
                for (int i = from; i < to; i++) g1[offset + i] = ParseG1(buffer.AsSpan(i * G1Bytes, G1Bytes), offset + i);
            });
        }

        var g2Bytes = new byte[2 * G2Bytes];
        stream.Position = origin + g2Section.Offset;
        ReadExactly(stream, g2Bytes, "tauG2 points");
        var g2 = ParseG2(g2Bytes.AsSpan(0, G2Bytes), 0);
        var tauG2 = ParseG2(g2Bytes.AsSpan(G2Bytes), 1);

        SrsValidation.CheckConsistency(g1[0], g1[1], g2, tauG2, "The .ptau file");
        return (size == toRead ? g1 : g1[..size], g2, tauG2);
    }

    private static int ReadHeader(Stream stream, long origin, (long Offset, long Size) header)
    {
        if (header.Size != 4 + N8 + 8) throw new InvalidEncodingException($"The .ptau header section has {header.Size} bytes; BN254 needs {4 + N8 + 8}.");
        Span<byte> bytes = stackalloc byte[4 + N8 + 8];
        stream.Position = origin + header.Offset;
        ReadExactly(stream, bytes, "header section");
        uint n8 = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (n8 != N8) throw new InvalidEncodingException($"The .ptau file uses {n8}-byte field elements; BN254 uses {N8}.");
        if (U256.FromLittleEndian(bytes[4..]) != FqModulus.Modulus)
            throw new InvalidEncodingException("The .ptau file is for another curve: its prime is not BN254's base field modulus.");
        uint power = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 + N8)..]);
        uint ceremonyPower = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(8 + N8)..]);
        if (power < 1 || power > MaxPower) throw new InvalidEncodingException($"The .ptau power {power} is outside [1, {MaxPower}].");
        if (ceremonyPower < power) throw new InvalidEncodingException($"The .ptau ceremony power {ceremonyPower} is below its power {power}.");
        return (int)power;
    }

    private static (long Offset, long Size) Section(Dictionary<uint, (long, long)> sections, uint id, string name) =>
        sections.TryGetValue(id, out var s) ? s : throw new InvalidEncodingException($"The .ptau file has no {name} section ({id}).");

    private static G1Affine ParseG1(ReadOnlySpan<byte> bytes, int index)
    {
        var x = ParseMontgomery(bytes[..N8], "tauG1", index);
        var y = ParseMontgomery(bytes[N8..], "tauG1", index);
        var p = new G1Affine(x, y);
        // snarkjs writes the identity as zeros; no power of a non-zero τ is the identity, so it is rejected like any off-curve point.
        if (!p.IsOnCurve) throw new InvalidEncodingException($"tauG1[{index}] in the .ptau file is not on the curve.");
        return p;
    }

    private static G2Affine ParseG2(ReadOnlySpan<byte> bytes, int index)
    {
        var x = new Fq2(ParseMontgomery(bytes[..N8], "tauG2", index), ParseMontgomery(bytes[N8..(2 * N8)], "tauG2", index));
        var y = new Fq2(ParseMontgomery(bytes[(2 * N8)..(3 * N8)], "tauG2", index), ParseMontgomery(bytes[(3 * N8)..], "tauG2", index));
        var p = new G2Affine(x, y);
        if (!p.IsOnCurve) throw new InvalidEncodingException($"tauG2[{index}] in the .ptau file is not on the twist.");
        if (!p.IsInSubgroup) throw new InvalidEncodingException($"tauG2[{index}] in the .ptau file is not in G2.");
        return p;
    }

    private static Fq ParseMontgomery(ReadOnlySpan<byte> bytes, string section, int index)
    {
        var mont = U256.FromLittleEndian(bytes);
        if (!U256.LessThan(mont, FqModulus.Modulus))
            throw new InvalidEncodingException($"{section}[{index}] in the .ptau file has a coordinate that is not below q.");
        return Fq.FromMontgomery(mont);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException e) { throw new InvalidEncodingException($"Truncated .ptau file while reading the {what}.", e); }
    }
}
