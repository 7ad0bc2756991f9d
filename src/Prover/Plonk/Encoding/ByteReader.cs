using System.Buffers.Binary;
using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>Strict reader: every short read, bad value or trailing byte is an <see cref="InvalidEncodingException"/>.</summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private readonly string _what;

    public ByteReader(ReadOnlySpan<byte> data, string what) { _data = data; _position = 0; _what = what; }

    public readonly int Remaining => _data.Length - _position;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining) throw new InvalidEncodingException($"{_what} is truncated: needed {count} more bytes at offset {_position}, {Remaining} left.");
        var s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    public byte U8() => Take(1)[0];
    public int U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public string String()
    {
        int length = U16();
        try { return new UTF8Encoding(false, true).GetString(Take(length)); }
        catch (DecoderFallbackException e) { throw new InvalidEncodingException($"{_what}: a name is not valid UTF-8.", e); }
    }
    public Fr Scalar() => Fr.FromBytesBigEndian(Take(32));
    public G1Affine Point() => G1Affine.FromCompressed(Take(G1Affine.CompressedSize));

    public void Magic(ReadOnlySpan<byte> magic, byte version)
    {
        if (Remaining < magic.Length + 1 || !Take(magic.Length).SequenceEqual(magic)) throw new InvalidEncodingException($"Not a {_what}: bad magic bytes.");
        byte v = U8();
        if (v != version) throw new InvalidEncodingException($"{_what} version {v} is not supported (expected {version}).");
    }

    public readonly void End()
    {
        if (Remaining != 0) throw new InvalidEncodingException($"{_what} has {Remaining} trailing bytes.");
    }
}
