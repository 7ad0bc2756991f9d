using System.Buffers.Binary;
using System.Numerics;

namespace ZkmlGpu.Prover.Transcript;

/// <summary>
/// Keccak-256 as used by Ethereum (original Keccak padding 0x01, not SHA3's 0x06): rate 136 bytes,
/// capacity 512 bits. Incremental: Append any number of times, then Finish once.
/// </summary>
public sealed class Keccak256
{
    public const int HashSize = 32;
    private const int Rate = 136;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
        0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    // Rotation offsets r[x + 5y] and the π step as a cycle of lane indices.
    private static readonly int[] Rho = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];
    private static readonly int[] Pi = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    private readonly ulong[] _state = new ulong[25];
    private readonly byte[] _buffer = new byte[Rate];
    private int _buffered;
    private bool _finished;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var k = new Keccak256();
        k.Append(data);
        return k.Finish();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("Keccak256 has already been finished.");
        while (data.Length > 0)
        {
            int take = Math.Min(Rate - _buffered, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered == Rate) { AbsorbBlock(); _buffered = 0; }
        }
    }

    public byte[] Finish()
    {
        if (_finished) throw new InvalidOperationException("Keccak256 has already been finished.");
        _finished = true;
        _buffer.AsSpan(_buffered).Clear();
        _buffer[_buffered] ^= 0x01;
        _buffer[Rate - 1] ^= 0x80;
        AbsorbBlock();
        var output = new byte[HashSize];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(8 * i), _state[i]);
        return output;
    }

    private void AbsorbBlock()
    {
        for (int i = 0; i < Rate / 8; i++) _state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(8 * i));
        Permute(_state);
    }

    internal static void Permute(ulong[] a)
    {
        Span<ulong> c = stackalloc ulong[5];
        for (int round = 0; round < 24; round++)
        {
            // θ
            for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            for (int x = 0; x < 5; x++)
            {
                ulong d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
            }
            // ρ and π
            ulong current = a[1];
            for (int i = 0; i < 24; i++)
            {
                int j = Pi[i];
                ulong next = a[j];
                a[j] = BitOperations.RotateLeft(current, Rho[i]);
                current = next;
            }
            // χ
            for (int y = 0; y < 25; y += 5)
            {
                for (int x = 0; x < 5; x++) c[x] = a[y + x];
                for (int x = 0; x < 5; x++) a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
            }
            // ι
            a[0] ^= RoundConstants[round];
        }
    }
}
