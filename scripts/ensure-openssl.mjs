// Tests check certificates with the real openssl CLI (PKI, transit CSRs, TLS test certificates).
// `npm test` runs this first: with openssl on the PATH it does nothing; on a Debian-family machine
// without it, it installs the `openssl` package (as root, or through sudo when that needs no
// password); anywhere else it says what is missing and stops before the tests run.
import { execFileSync, spawnSync } from 'node:child_process';

const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

if (!has('openssl', ['version'])) {
  const root = process.getuid?.() === 0;
  const apt = has('apt-get', ['--version']);
  const sudo = !root && has('sudo', ['-n', 'true']);
  if (!apt || (!root && !sudo)) {
    console.error('The tests need the openssl CLI and it is not installed; install the "openssl" package and run npm test again.');
    process.exit(1);
  }
  const run = (args) => execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : ['-n', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  console.error('openssl is missing: installing the Debian package for the tests');
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'openssl']);
}
