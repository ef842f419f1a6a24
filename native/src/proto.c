#include "proto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* MSG_NOSIGNAL: a closed peer is an EPIPE error, not a SIGPIPE (and no SIG_IGN that exec would inherit). */
static int send_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int proto_send(int fd, uint32_t type, const void *payload, uint32_t len)
{
	uint8_t head[8];
	put_u32(head, type);
	put_u32(head + 4, len);
	if (send_all(fd, head, sizeof head) < 0)
		return -1;
	return send_all(fd, payload, len);
}

int proto_send_i32(int fd, uint32_t type, int32_t value)
{
	uint8_t b[4];
	put_u32(b, (uint32_t)value);
	return proto_send(fd, type, b, sizeof b);
}

static int send_num_str(int fd, uint32_t type, const uint32_t *nums, size_t n, const char *s)
{
	uint8_t buf[4 * 3 + 256];
	size_t len = strnlen(s, 256), off = 0;
	for (size_t i = 0; i < n; i++, off += 4)
		put_u32(buf + off, nums[i]);
	put_u32(buf + off, (uint32_t)len);
	memcpy(buf + off + 4, s, len);
	return proto_send(fd, type, buf, (uint32_t)(off + 4 + len));
}

int proto_send_op(int fd, uint32_t type, uint32_t index, int32_t errnum, const char *detail)
{
	uint32_t nums[] = { index, (uint32_t)errnum };
	return send_num_str(fd, type, nums, 2, detail);
}

int proto_send_shim_failed(int fd, int32_t errnum, const char *what)
{
	uint32_t nums[] = { (uint32_t)errnum };
	return send_num_str(fd, MSG_SHIM_FAILED, nums, 1, what);
}

/* Returns 1 at end of file before the first byte, -1 (EPROTO) for one in the middle. */
static int recv_all(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0) {
			if (got == 0)
				return 1;
			errno = EPROTO;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

int proto_send_fds(int fd, uint32_t type, const void *payload, uint32_t len, const int *fds, unsigned nfds)
{
	uint8_t head[8];
	put_u32(head, type);
	put_u32(head + 4, len);
	struct iovec iov[2] = { { head, sizeof head }, { (void *)payload, len } };
	size_t space = CMSG_SPACE(sizeof(int) * nfds);
	uint8_t *control = calloc(1, space);
	if (!control)
		return -1;
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1, .msg_control = control,
			     .msg_controllen = space };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	ssize_t n;
	do
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	free(control);
	if (n < 0)
		return -1;
	if ((size_t)n != sizeof head + len) {
		errno = EPROTO; /* a stream socket this small message should go in one piece */
		return -1;
	}
	return 0;
}

/* Reads the 8-byte header with recvmsg so that fds sent with its first byte are taken. */
static int recv_head(int fd, uint8_t head[8], int *fds, unsigned maxfds, unsigned *nfds)
{
	size_t space = CMSG_SPACE(sizeof(int) * maxfds);
	uint8_t *control = calloc(1, space);
	if (!control)
		return -1;
	struct iovec iov = { head, 8 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = space };
	ssize_t n;
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n >= 0) {
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
				continue;
			unsigned count = (unsigned)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			int *passed = (int *)CMSG_DATA(cm);
			for (unsigned i = 0; i < count; i++) {
				if (*nfds < maxfds)
					fds[(*nfds)++] = passed[i];
				else
					close(passed[i]);
			}
		}
	}
	free(control);
	if (n < 0)
		return -1;
	if (n == 0)
		return 1;
	if (n < 8) {
		int r = recv_all(fd, head + n, (size_t)(8 - n));
		if (r == 1) {
			errno = EPROTO;
			return -1;
		}
		return r;
	}
	return 0;
}

int proto_recv(int fd, struct msg *m, uint32_t max)
{
	unsigned none;
	return proto_recv_fds(fd, m, max, NULL, 0, &none);
}

int proto_recv_fds(int fd, struct msg *m, uint32_t max, int *fds, unsigned maxfds, unsigned *nfds)
{
	uint8_t head[8];
	memset(m, 0, sizeof *m);
	*nfds = 0;
	int r = maxfds ? recv_head(fd, head, fds, maxfds, nfds) : recv_all(fd, head, sizeof head);
	if (r != 0)
		return r;
	m->type = get_u32(head);
	m->len = get_u32(head + 4);
	if (m->len > max) {
		errno = EMSGSIZE;
		return -1;
	}
	if (m->len == 0)
		return 0;
	m->data = malloc(m->len);
	if (!m->data)
		return -1;
	r = recv_all(fd, m->data, m->len);
	if (r != 0) {
		free(m->data);
		m->data = NULL;
		if (r == 1)
			errno = EPROTO;
		return -1;
	}
	return 0;
}

void msg_free(struct msg *m)
{
	free(m->data);
	m->data = NULL;
}
