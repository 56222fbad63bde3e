/*
 * resume.c: session.resume, a session begun again with the token its
 * login was given instead of the password (doc/architecture.md, Resuming a
 * session): no Argon2id, so a daemon restart does not make every client
 * wait its turn at the hasher. The token is single use: a resume deletes
 * it and issues the next one, keeping its expiry.
 */
#include "server/resume.h"

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "common/validate.h"
#include "server/db.h"
#include "server/log.h"
#include "server/ops.h"

#define BASE64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static void
hash_hex(const unsigned char token[RESUME_TOKEN_BYTES], char out[RESUME_HASH_HEX])
{
	unsigned char h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof h, token, RESUME_TOKEN_BYTES, NULL, 0);
	sodium_bin2hex(out, RESUME_HASH_HEX, h, sizeof h);
}

bool
resume_token_new(char token[RESUME_TOKEN_LEN], char hash[RESUME_HASH_HEX])
{
	unsigned char raw[RESUME_TOKEN_BYTES];

	if (sodium_init() < 0)
		return false;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, RESUME_TOKEN_LEN, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	hash_hex(raw, hash);
	sodium_memzero(raw, sizeof raw);
	return true;
}

bool
resume_token_hash(const char *token, char hash[RESUME_HASH_HEX])
{
	unsigned char raw[RESUME_TOKEN_BYTES];
	size_t len = 0;
	const char *end = NULL;

	/* The alphabet checked first: libsodium's decoder takes some bytes
	 * above 0x7f for base64 digits. */
	if (strlen(token) != RESUME_TOKEN_LEN - 1 ||
	    strspn(token, BASE64URL) != RESUME_TOKEN_LEN - 1 ||
	    sodium_base642bin(raw, sizeof raw, token, strlen(token), NULL, &len,
	    &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof raw || *end != '\0')
		return false;
	hash_hex(raw, hash);
	sodium_memzero(raw, sizeof raw);
	return true;
}

/* The token of $1 traded for $2 (same login, same expiry) when it is live
 * and its user active; the user as session.login answers it. Two resumes
 * of one token: the second finds it deleted. */
static struct db_statement stmt_resume = {
	.what = "resume a session",
	.sql = "WITH old AS (DELETE FROM session_tokens t USING users u"
	       "  WHERE t.token_hash = decode($1, 'hex') AND u.login = t.login"
	       "  AND u.active AND t.expires_at > now()"
	       "  RETURNING t.login, t.expires_at, u.name, u.role, u.department),"
	       " issued AS (INSERT INTO session_tokens (token_hash, login, expires_at)"
	       "  SELECT decode($2, 'hex'), login, expires_at FROM old),"
	       " audit AS (INSERT INTO audit_log (actor, address, action)"
	       "  SELECT login, $3, 'session.resume' FROM old)"
	       "SELECT login, name, role, coalesce(department, '') FROM old",
};

struct resume {
	char token[RESUME_TOKEN_LEN], hash[RESUME_HASH_HEX];
};

static void
on_resumed(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct resume *r = req->state;
	struct proto_error err;

	req->state = NULL;
	if (!db_result_ok(res, &stmt_resume, &err))
		request_fail(req, &err);
	else if (PQntuples(res) != 1) {
		log_msg(LOG_INFO, req->reqid, "client %llu: session not resumed",
		    (unsigned long long)req->client->id);
		request_failf(req, PROTO_UNAUTHENTICATED, "token",
		    "the session cannot be resumed; log in with your password");
	} else
		session_open(req, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
		    role_from_name(PQgetvalue(res, 0, 2)), PQgetvalue(res, 0, 3),
		    r->token, r->hash);
	sodium_memzero(r, sizeof *r);
	free(r);
}

static void
resume_exec(struct request *req)
{
	const char *token;
	char old[RESUME_HASH_HEX];
	struct proto_error err;
	struct resume *r;

	if (!session_language(req, &err) ||
	    !arg_string(req->args, "token", ARG_REQUIRED, 64, &token, &err)) {
		request_fail(req, &err);
		return;
	}
	if (!resume_token_hash(token, old)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "token",
		    "token is not a session token");
		return;
	}
	if ((r = calloc(1, sizeof *r)) == NULL || !resume_token_new(r->token, r->hash)) {
		free(r);
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	req->state = r;
	const char *params[3] = { old, r->hash, req->client->addr };
	db_query(req->srv->db, &stmt_resume, 3, params, on_resumed, req);
}

const struct op_entry op_session_resume = {
	.name = "session.resume", .roles = ROLES_ALL, .flags = OP_NO_LOGIN,
	.summary = "log in again with a resume token: token, lang? -> as session.login",
	.exec = resume_exec,
};
