using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// The windows of zkml's AveragePool2D / MaxPool2D (params: filter h, filter w, stride h, stride w; valid padding,
/// [1,H,W,C] input), shared by the integer kernel and the circuit. zkml divides by fh·fw even for a clipped window.
/// </summary>
public sealed class ZkmlPoolGeometry
{
    private readonly int _fh, _fw, _sh, _sw, _h, _w, _c, _ow;

    public ZkmlPoolGeometry(TensorShape xs, long[] prm, string name)
    {
        if (!(prm.Length >= 4 && prm.Take(4).All(p => p is >= 1 and <= 1 << 16))) throw new ModelFormatException($"{name} needs 4 positive params");
        if (!(xs.Rank == 4 && xs[0] == 1)) throw new ModelFormatException($"{name} expects a [1,H,W,C] input");
        (_fh, _fw, _sh, _sw) = ((int)prm[0], (int)prm[1], (int)prm[2], (int)prm[3]);
        (_h, _w, _c) = (xs[1], xs[2], xs[3]);
        if (_fh > _h || _fw > _w) throw new ModelFormatException($"{name} filter larger than input");
        int oh = (_h - _fh) / _sh + 1;
        _ow = (_w - _fw) / _sw + 1;
        OutShape = [1, oh, _ow, _c];
        Size = oh * _ow * _c;
    }

    public int[] OutShape { get; }
    public int Size { get; }

    /// <summary>The divisor of an average: the filter's area.</summary>
    public long Area => (long)_fh * _fw;

    /// <summary>Fills <paramref name="window"/> with the input indices output <paramref name="o"/> reduces.</summary>
    public void Window(int o, List<int> window)
    {
        window.Clear();
        int ch = o % _c, j = o / _c % _ow, i = o / (_c * _ow);
        for (int a = 0; a < _fh; a++)
            for (int b = 0; b < _fw; b++)
            {
                int r = i * _sh + a, col = j * _sw + b;
                if (r < _h && col < _w) window.Add((r * _w + col) * _c + ch);
            }
    }
}
