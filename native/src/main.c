#include <stdio.h>
int main(void) { puts("jlxc-shim"); return 0; }
