using System.Buffers.Binary;
using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Transcript;

/// <summary>
/// Fiat–Shamir transcript over Keccak-256. Everything absorbed since the last challenge is hashed together
/// with the previous state; a challenge is Fr.FromWideBytes(K(s‖0) ‖ K(s‖1)) (64 bytes, bias below 2^-250)
/// and the next state is K(s‖2), so challenges never reveal the state that later ones derive from.
/// Every item is length-framed by a one-byte tag, so different sequences of absorbs cannot collide.
/// </summary>
public sealed class KeccakTranscript
{
    private const byte TagBytes = 1, TagScalar = 2, TagPoint = 3, TagChallenge = 4;
    private byte[] _state;
    private readonly List<byte> _pending = new();

    public KeccakTranscript(string domainSeparator)
    {
        _state = Keccak256.Hash(Encoding.UTF8.GetBytes(domainSeparator));
    }

    public void AbsorbBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = TagBytes;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], bytes.Length);
        foreach (var b in header) _pending.Add(b);
        foreach (var b in bytes) _pending.Add(b);
    }

    public void AbsorbScalar(Fr value)
    {
        Span<byte> buffer = stackalloc byte[32];
        value.WriteBytesBigEndian(buffer);
        _pending.Add(TagScalar);
        foreach (var b in buffer) _pending.Add(b);
    }

    public void AbsorbPoint(G1Affine point)
    {
        Span<byte> buffer = stackalloc byte[64];
        point.WriteUncompressed(buffer);
        _pending.Add(TagPoint);
        foreach (var b in buffer) _pending.Add(b);
    }

    public Fr SqueezeChallenge()
    {
        var input = new byte[_state.Length + _pending.Count + 2];
        _state.CopyTo(input, 0);
        _pending.CopyTo(input, _state.Length);
        input[^2] = TagChallenge;
        Span<byte> wide = stackalloc byte[64];
        input[^1] = 0; Keccak256.Hash(input).CopyTo(wide);
        input[^1] = 1; Keccak256.Hash(input).CopyTo(wide[32..]);
        input[^1] = 2; _state = Keccak256.Hash(input);
        _pending.Clear();
        return Fr.FromWideBytes(wide);
    }
}
