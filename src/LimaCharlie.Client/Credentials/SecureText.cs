using System;
using System.Runtime.InteropServices;
using System.Security;

namespace LimaCharlie.Client.Credentials
{
    /// <summary>Secrets held as SecureString, revealed only for the moment a request needs them.</summary>
    public static class SecureText
    {
        public static T Use<T>(SecureString secret, Func<string, T> use)
        {
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
            try { return use(Marshal.PtrToStringUni(ptr) ?? string.Empty); }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(ptr); }
        }
    }
}
