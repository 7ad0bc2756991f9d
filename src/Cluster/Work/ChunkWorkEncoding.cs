using System.Buffers.Binary;
using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Cluster.Work;

/// <summary>
/// The wire format of a <see cref="ChunkWork"/> (version 1), little-endian: "ZKCW", version byte, model digest,
/// SRS digest and verifying-key digest (each a u16 length and UTF-8), cut count (i32) and cuts (i32 each), index and
/// count (i32), input and output salts (32 bytes each, canonical), input tensor count (i32), then per tensor its
/// length (i32) and values (i64 each). Decoding checks every length against the bytes left, so a bad message is a
/// <see cref="FormatException"/> naming the field, never a huge allocation.
/// </summary>
public static class ChunkWorkEncoding
{
    private static ReadOnlySpan<byte> Magic => "ZKCW"u8;
    public const byte Version = 1;

    public static byte[] Encode(ChunkWork w)
    {
        using var ms = new MemoryStream();
        using var o = new BinaryWriter(ms);
        o.Write(Magic);
        o.Write(Version);
        WriteString(o, w.ModelDigest);
        WriteString(o, w.SrsDigest);
        WriteString(o, w.VerifyingKeyDigest);
        o.Write(w.Cuts.Count);
        foreach (int c in w.Cuts) o.Write(c);
        o.Write(w.Index);
        o.Write(w.Count);
        WriteFr(o, w.InputSalt);
        WriteFr(o, w.OutputSalt);
        o.Write(w.Inputs.Count);
        foreach (var t in w.Inputs)
        {
            o.Write(t.Length);
            foreach (long v in t) o.Write(v);
        }
        o.Flush();
        return ms.ToArray();
    }

    public static ChunkWork Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new Reader(bytes);
        if (!r.Take(4, "magic").SequenceEqual(Magic)) throw new FormatException("chunk work: not a chunk work message (bad magic)");
        byte version = r.Take(1, "version")[0];
        if (version != Version) throw new FormatException($"chunk work: version {version} is not supported (this build reads {Version})");
        string model = r.String("model digest"), srs = r.String("SRS digest"), vk = r.String("verifying-key digest");
        int cutCount = r.Count("cut count", 4);
        var cuts = new int[cutCount];
        for (int i = 0; i < cutCount; i++) cuts[i] = r.Int("cut");
        int index = r.Int("index"), count = r.Int("count");
        if (count != cutCount + 1 || index < 0 || index >= count)
            throw new FormatException($"chunk work: chunk {index} of {count} does not fit a plan of {cutCount} cuts");
        var inSalt = r.Fr("input salt");
        var outSalt = r.Fr("output salt");
        int tensors = r.Count("input tensor count", 4);
        var inputs = new long[tensors][];
        for (int t = 0; t < tensors; t++)
        {
            int n = r.Count($"input {t} length", 8);
            var values = new long[n];
            var span = r.Take(8 * n, $"input {t}");
            for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]);
            inputs[t] = values;
        }
        if (r.Left != 0) throw new FormatException($"chunk work: {r.Left} bytes after the last input");
        return new ChunkWork(model, srs, cuts, index, count, inSalt, outSalt, vk, inputs);
    }

    private static void WriteString(BinaryWriter o, string s)
    {
        byte[] b = Encoding.UTF8.GetBytes(s);
        if (b.Length > ushort.MaxValue) throw new ArgumentException("chunk work: a digest string is too long");
        o.Write((ushort)b.Length);
        o.Write(b);
    }

    private static void WriteFr(BinaryWriter o, Fr x)
    {
        Span<byte> b = stackalloc byte[32];
        x.WriteBytesLittleEndian(b);
        o.Write(b);
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> rest = bytes;

        public readonly int Left => rest.Length;

        public ReadOnlySpan<byte> Take(int n, string field)
        {
            if (n < 0 || n > rest.Length) throw new FormatException($"chunk work: truncated at the {field}");
            var s = rest[..n];
            rest = rest[n..];
            return s;
        }

        public int Int(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

        /// <summary>A count of items of <paramref name="itemBytes"/> each, checked against the bytes left.</summary>
        public int Count(string field, int itemBytes)
        {
            int n = Int(field);
            if (n < 0 || (long)n * itemBytes > rest.Length) throw new FormatException($"chunk work: {field} {n} exceeds the message");
            return n;
        }

        public string String(string field)
        {
            int n = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));
            return Encoding.UTF8.GetString(Take(n, field));
        }

        public Fr Fr(string field)
        {
            var b = Take(32, field);
            try { return Field.Fr.FromBytesLittleEndian(b); }
            catch (Exception e) when (e is ArgumentException or InvalidEncodingException or FormatException)
            {
                throw new FormatException($"chunk work: the {field} is not a canonical field element");
            }
        }
    }
}
