using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LimaCharlie.Client;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Logging;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>A server whose certificate nobody trusts is refused: the module never turns TLS validation off.</summary>
public class TlsTests
{
    [Fact]
    public async Task AnUntrustedCertificateIsRefusedAndNoCredentialIsSent()
    {
        using var certificate = SelfSigned();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var handshakes = 0;
        var bytesAfterHandshake = 0L;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stop.Token); }
                catch (OperationCanceledException) { return; }
                using (client)
                await using (var tls = new SslStream(client.GetStream()))
                {
                    Interlocked.Increment(ref handshakes);
                    try
                    {
                        await tls.AuthenticateAsServerAsync(certificate);
                        var buffer = new byte[4096];
                        Interlocked.Add(ref bytesAfterHandshake, await tls.ReadAsync(buffer, stop.Token));
                    }
                    catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
                    {
                    }
                }
            }
        });

        try
        {
            var url = new Uri($"https://127.0.0.1:{port}/");
            var options = new SessionOptions
            {
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
                RetryBudget = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromSeconds(5),
            };
            var credential = new ApiCredential(Guid.NewGuid(), null, ApiCredential.Secure("tls-test-secret"), "test");
            var connection = new LcConnection(credential, new LcEndpoints(url, url), options, "LimaCharlie.Tests");

            var error = await Assert.ThrowsAsync<LcApiException>(() =>
                connection.GetTokenAsync(TokenTarget.Organization(credential.OrganizationId!.Value), NullLog.Instance, default));

            Assert.Equal("LimaCharlie.ConnectionFailed", error.ErrorId);
            Assert.Contains(Chain(error), e => e is AuthenticationException);
            Assert.DoesNotContain("tls-test-secret", error.ToString());
            Assert.True(handshakes > 0, "the client never reached the server");
            Assert.Equal(0, Interlocked.Read(ref bytesAfterHandshake));
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            await server;
        }
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }
}
