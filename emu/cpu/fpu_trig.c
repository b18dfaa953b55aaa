/*
 * The x87 transcendental instructions (placeholder: invalid operation).
 */
#include "emu/cpu/fpu.h"

fx80 fx_f2xm1(struct fx_env *env, fx80 a) { (void)a; env->exc |= FPU_IE; return fx_indefinite; }
fx80 fx_yl2x(struct fx_env *env, fx80 x, fx80 y, bool plus1)
{
	(void)x; (void)y; (void)plus1;
	env->exc |= FPU_IE;
	return fx_indefinite;
}
fx80 fx_atan2(struct fx_env *env, fx80 y, fx80 x) { (void)x; (void)y; env->exc |= FPU_IE; return fx_indefinite; }
bool fx_sincos(struct fx_env *env, fx80 a, fx80 *s, fx80 *c)
{
	(void)a;
	env->exc |= FPU_IE;
	*s = *c = fx_indefinite;
	return true;
}
bool fx_tan(struct fx_env *env, fx80 a, fx80 *t) { (void)a; env->exc |= FPU_IE; *t = fx_indefinite; return true; }
