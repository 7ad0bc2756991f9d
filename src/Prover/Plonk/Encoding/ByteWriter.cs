using System.Buffers.Binary;
using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>Little-endian writer for the versioned key and proof formats; G1 points are 32-byte compressed.</summary>
internal sealed class ByteWriter
{
    private readonly MemoryStream _stream = new();

    public void U8(byte v) => _stream.WriteByte(v);
    public void U16(int v) { if ((uint)v > ushort.MaxValue) throw new ArgumentException($"{v} does not fit 16 bits."); Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); _stream.Write(b); }
    public void I32(int v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); _stream.Write(b); }
    public void Bytes(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);
    public void String(string s) { var bytes = Encoding.UTF8.GetBytes(s); U16(bytes.Length); Bytes(bytes); }
    public void Scalar(Fr v) { Span<byte> b = stackalloc byte[32]; v.WriteBytesBigEndian(b); _stream.Write(b); }
    public void Point(G1Affine p) { Span<byte> b = stackalloc byte[G1Affine.CompressedSize]; p.WriteCompressed(b); _stream.Write(b); }
    public byte[] ToArray() => _stream.ToArray();
}
