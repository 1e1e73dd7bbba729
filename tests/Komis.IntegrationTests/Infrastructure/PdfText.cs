using System.Diagnostics;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>The text of a PDF, by poppler's pdftotext (./test.sh installs poppler-utils when it is missing).</summary>
public static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", "-layout", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("pdftotext did not start");
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("pdftotext failed: " + process.StandardError.ReadToEnd());
            }

            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
