/**
 * The discovery document. It replaces the library's rather than patching it: the library
 * advertises grants, auth methods and endpoints (password grant, introspection, logout)
 * that the stand-in doesn't offer, and Better Auth reads this document to decide how to talk
 * to "Google" — it should describe exactly what works here, in Google's shape.
 */
export interface DiscoveryPaths {
  authorize: string;
  token: string;
  userinfo: string;
  jwks: string;
}

export function discoveryDocument(issuer: string, paths: DiscoveryPaths): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}${paths.authorize}`,
    token_endpoint: `${issuer}${paths.token}`,
    userinfo_endpoint: `${issuer}${paths.userinfo}`,
    jwks_uri: `${issuer}${paths.jwks}`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "email", "profile"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    claims_supported: [
      "aud",
      "azp",
      "email",
      "email_verified",
      "exp",
      "family_name",
      "given_name",
      "iat",
      "iss",
      "name",
      "nonce",
      "picture",
      "sub",
    ],
    code_challenge_methods_supported: ["plain", "S256"],
  };
}
