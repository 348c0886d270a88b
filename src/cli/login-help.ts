// What `minivault auth help TYPE` prints for each login handler: Vault's CLIHandler.Help texts
// (builtin/credential/token/cli.go, userpass/cli.go, cert/cli.go) for the methods Vault's CLI has,
// and minivault's own for approle and jwt, which Vault's CLI lacks (command/commands.go registers
// only cert, oidc, token and userpass, plus the cloud handlers of commands_full.go).
export const LOGIN_HELP: Readonly<Record<string, string>> = {
  token: `Usage: minivault login TOKEN [CONFIG K=V...]

  The token auth method allows logging in directly with a token. This
  can be a token from the "token create" command or API. There are no
  configuration options for this auth method.

  Authenticate using a token:

      $ minivault login 96ddf4bc-d217-f3ba-f9bd-017055595017

  Authenticate but do not lookup information about the token:

      $ minivault login token=96ddf4bc-d217-f3ba-f9bd-017055595017 lookup=false

Configuration:

  token=<string>
      The token to use for authentication. This is usually provided directly
      via the "minivault login" command.

  lookup=<bool>
      Perform a lookup of the token's metadata and policies.`,
  userpass: `Usage: minivault login -method=userpass [CONFIG K=V...]

  The userpass auth method allows users to authenticate using Vault's
  internal user database.

  Authenticate as "sally":

      $ minivault login -method=userpass username=sally
      Password (will be hidden):

  Authenticate as "bob":

      $ minivault login -method=userpass username=bob password=password

Configuration:

  password=<string>
      Password to use for authentication. If not provided, the CLI will prompt
      for this on stdin.

  username=<string>
      Username to use for authentication.`,
  cert: `Usage: minivault login -method=cert [CONFIG K=V...]

  The certificate auth method allows users to authenticate with a
  client certificate passed with the request. The -client-cert and -client-key
  flags are included with the "minivault login" command, NOT as configuration
  to the auth method.

  Authenticate using a local client certificate:

      $ minivault login -method=cert -client-cert=cert.pem -client-key=key.pem

Configuration:

  name=<string>
      Certificate role to authenticate against.`,
  approle: `Usage: minivault login -method=approle [CONFIG K=V...]

  Logs in to the AppRole auth method with a role ID and, when the role binds
  one, a secret ID. A minivault addition: Vault's CLI has no approle handler
  (there one writes to auth/approle/login instead).

      $ minivault login -method=approle role_id=<role-id> secret_id=<secret-id>

Configuration:

  role_id=<string>
      The role ID of the role to log in with.

  secret_id=<string>
      The secret ID issued for the role.`,
  jwt: `Usage: minivault login -method=jwt [CONFIG K=V...]

  Logs in to the JWT auth method with a signed JWT for a role. A minivault
  addition: Vault's CLI handler for this plugin is "oidc", which runs a
  browser flow; the plain JWT login is otherwise done with "write".

      $ minivault login -method=jwt role=my-role jwt=@token.jwt

Configuration:

  role=<string>
      The role to log in against. The method's default_role is used when
      omitted.

  jwt=<string>
      The signed JWT (compact form).`,
};
