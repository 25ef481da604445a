namespace Selegic.Extensions.Cli.Common;

/// <summary>
/// Writes upload progress to stderr: one line per 10% step (and at 0% and 100%), so logs of CI
/// runs stay short and a terminal still sees the upload move.
/// </summary>
public sealed class UploadProgress(TextWriter error)
{
    private int lastStep = -1;

    public void Report(long sent, long total)
    {
        var percent = total == 0 ? 100 : (int)(sent * 100 / total);
        var step = percent / 10;
        if (step == lastStep) return;
        lastStep = step;
        error.WriteLine($"upload: {ByteSize.Format(sent)} / {ByteSize.Format(total)} ({percent}%)");
    }
}
