from django.shortcuts import render

from govsocial.core.access import member_required


@member_required()
def index(request):
    return render(request, "documents/index.html")
