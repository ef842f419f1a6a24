/* Plan op SECCOMP: loads the container's seccomp filter (compiled by the Java side). */
#pragma once
#include "plan.h"
#include "util.h"

int op_seccomp(const struct op *op, struct err *e);
