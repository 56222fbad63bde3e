/*
 * transport.c: the outbox's transports; see transport.h.
 */
#include "server/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

extern char **environ;

/* What the customer sees as the mail's subject: 售后服务通知. */
#define MAIL_SUBJECT "\xe5\x94\xae\xe5\x90\x8e\xe6\x9c\x8d\xe5\x8a\xa1\xe9\x80\x9a\xe7\x9f\xa5"

bool
transport_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

void
transport_cleanup(void)
{
	curl_global_cleanup();
}

/* ---- e-mail */

/* An address fit for an envelope and a header: something@something, no
 * spaces, no line breaks, no angle brackets. */
static bool
address_ok(const char *a)
{
	const char *at = strchr(a, '@');

	return at != NULL && at != a && at[1] != '\0' && strpbrk(a, " \t\r\n<>,;\"") == NULL;
}

/* Base64 of len bytes, lines of 76 characters each ending CRLF when wrap. */
static char *
base64(const char *data, size_t len, bool wrap)
{
	size_t enc = 4 * ((len + 2) / 3), lines = enc / 76 + 1;
	unsigned char *flat = malloc(enc + 1);
	char *out = malloc(enc + 2 * lines + 1), *o = out;

	if (flat == NULL || out == NULL) {
		free(flat);
		free(out);
		return NULL;
	}
	EVP_EncodeBlock(flat, (const unsigned char *)data, (int)len);
	for (size_t i = 0; i < enc; i += 76) {
		size_t n = enc - i < 76 ? enc - i : 76;
		memcpy(o, flat + i, n);
		o += n;
		if (wrap) {
			memcpy(o, "\r\n", 2);
			o += 2;
		}
	}
	*o = '\0';
	free(flat);
	return out;
}

/* The whole message: headers, then the text in UTF-8 as base64 (no 8-bit
 * path through relays needed). */
static char *
mail_message(const char *from, const char *to, const char *text)
{
	char *subject = base64(MAIL_SUBJECT, strlen(MAIL_SUBJECT), false);
	char *body = base64(text, strlen(text), true);
	char date[64], *msg = NULL;
	time_t now = time(NULL);
	struct tm tm;

	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", gmtime_r(&now, &tm));
	if (subject != NULL && body != NULL &&
	    asprintf(&msg, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\n"
	    "Subject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n%s", date, from, to, subject, body) < 0)
		msg = NULL;
	free(subject);
	free(body);
	return msg;
}

struct upload {
	const char *data;
	size_t left;
};

static size_t
upload_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems < u->left ? size * nitems : u->left;

	memcpy(buf, u->data, n);
	u->data += n;
	u->left -= n;
	return n;
}

bool
smtp_send(const char *url, const char *from, const char *to, const char *text,
    int timeout, char *why, size_t size)
{
	CURL *curl;
	struct curl_slist *rcpt;
	struct upload up;
	char *msg, envelope_from[320];
	CURLcode rc;
	long code = 0;

	if (!address_ok(to) || !address_ok(from)) {
		snprintf(why, size, "not an e-mail address");
		return false;
	}
	if ((msg = mail_message(from, to, text)) == NULL ||
	    (curl = curl_easy_init()) == NULL) {
		free(msg);
		snprintf(why, size, "out of memory");
		return false;
	}
	snprintf(envelope_from, sizeof envelope_from, "<%s>", from);
	rcpt = curl_slist_append(NULL, to);
	up = (struct upload){ msg, strlen(msg) };
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)timeout);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);   /* a thread of a daemon */
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);   /* STARTTLS if offered */
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
		snprintf(why, size, "smtp: %s (%ld)", curl_easy_strerror(rc), code);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(curl);
	free(msg);
	return rc == CURLE_OK;
}

/* ---- SMS */

/* Waits for pid at most timeout seconds, then kills it. */
static bool
wait_child(pid_t pid, int timeout, char *why, size_t size)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	time_t deadline = time(NULL) + timeout;
	int status;
	pid_t r;

	/* a signal to the daemon may interrupt waitpid: look again */
	while (((r = waitpid(pid, &status, WNOHANG)) == 0 || (r < 0 && errno == EINTR)) &&
	    time(NULL) < deadline)
		nanosleep(&nap, NULL);
	if (r < 0 && errno == EINTR)
		r = 0;
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		snprintf(why, size, "sms: the command took more than %d s", timeout);
		return false;
	}
	if (r < 0) {
		snprintf(why, size, "sms: %s", strerror(errno));
		return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFEXITED(status))
		snprintf(why, size, "sms: the command exited with %d", WEXITSTATUS(status));
	else
		snprintf(why, size, "sms: the command was killed by signal %d",
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return false;
}

bool
sms_send(const char *command, const char *to, const char *text, int timeout,
    char *why, size_t size)
{
	char *argv[] = { (char *)command, (char *)to, (char *)text, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc;

	/* Its output is not ours to log (it may repeat the text). */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, command, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		snprintf(why, size, "sms: cannot run the command: %s", strerror(rc));
		return false;
	}
	return wait_child(pid, timeout, why, size);
}
