// ryanuber/go-glob Glob (upstream: ryanuber/go-glob glob.go), the matcher Vault's plugins use for
// bound claims, service account names, certificate constraints and PKI's allowed domains: `*`
// matches any run of characters and nothing else is special; an empty pattern matches only the
// empty subject.
export function goGlob(pattern: string, subject: string): boolean {
  if (pattern === '') return subject === pattern;
  if (pattern === '*') return true;
  const parts = pattern.split('*');
  if (parts.length === 1) return subject === pattern;
  const leadingGlob = pattern.startsWith('*');
  const trailingGlob = pattern.endsWith('*');
  const end = parts.length - 1;
  let rest = subject;
  for (let i = 0; i < end; i++) {
    const idx = rest.indexOf(parts[i]!);
    if (i === 0) {
      if (!leadingGlob && idx !== 0) return false;
    } else if (idx < 0) {
      return false;
    }
    rest = rest.slice(idx + parts[i]!.length);
  }
  return trailingGlob || rest.endsWith(parts[end]!);
}
