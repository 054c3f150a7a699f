/* rules.c: deadline periods and counting (pure). */
#include "rules.h"
typedef int trk_rules_placeholder_;
