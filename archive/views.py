"""Placeholder views; the browse issue replaces them."""
from django.http import HttpResponse

def home(request, **kwargs):
    return HttpResponse('home')

def briefing_list(request, **kwargs):
    return HttpResponse('briefing_list')

def briefing_detail(request, **kwargs):
    return HttpResponse('briefing_detail')

def claim_list(request, **kwargs):
    return HttpResponse('claim_list')

def claim_detail(request, **kwargs):
    return HttpResponse('claim_detail')

def person_list(request, **kwargs):
    return HttpResponse('person_list')

def person_detail(request, **kwargs):
    return HttpResponse('person_detail')

def organisation_list(request, **kwargs):
    return HttpResponse('organisation_list')

def organisation_detail(request, **kwargs):
    return HttpResponse('organisation_detail')

def article_list(request, **kwargs):
    return HttpResponse('article_list')

def article_detail(request, **kwargs):
    return HttpResponse('article_detail')

def figures(request, **kwargs):
    return HttpResponse('figures')

def search(request, **kwargs):
    return HttpResponse('search')
